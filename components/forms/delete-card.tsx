"use client";

import { Trash2Icon } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** The danger card of an edit page: what deleting does, a Delete button, and its confirmation. */
export function DeleteCard({
  title,
  description,
  disabled = false,
  confirmTitle,
  confirmDescription,
  onConfirm,
}: {
  title: string;
  description: React.ReactNode;
  disabled?: boolean;
  confirmTitle: string;
  confirmDescription: string;
  onConfirm: () => undefined | Promise<unknown>;
}) {
  const [confirming, setConfirming] = React.useState(false);
  return (
    <>
      <Card className="border-destructive/40">
        <CardHeader>
          <CardTitle>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>
          <Button variant="destructive" disabled={disabled} onClick={() => setConfirming(true)}>
            <Trash2Icon /> {title}
          </Button>
        </CardContent>
      </Card>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={confirmTitle}
        description={confirmDescription}
        onConfirm={onConfirm}
      />
    </>
  );
}
