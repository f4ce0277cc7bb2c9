import { ShieldAlertIcon, UserIcon } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireUserPage } from "@/lib/auth/page-guards";
import { listTokens } from "@/lib/tokens/queries";
import { ZTokenListQuery } from "@/lib/tokens/validation";
import { findUserById } from "@/lib/users/queries";
import { CreateTokenButton } from "./_components/create-token-dialog";
import { TokensTable } from "./_components/tokens-table";
import { PasswordForm, ProfileForm } from "./account-forms";

export const dynamic = "force-dynamic";

export default async function AccountPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  const actor = await requireUserPage();
  const raw = await searchParams;
  const db = await getDb();
  const user = await findUserById(db, actor.userId);
  // Tokens here are always the caller's own, administrators included.
  const tokens = await listTokens(
    db,
    { ...actor, isSuperuser: false },
    { ...parseSearchParams(ZTokenListQuery, raw), page_size: 50 },
  );
  return (
    <>
      {raw.denied === "admin" && (
        <p
          role="alert"
          className="mb-6 flex items-center gap-2 rounded-md border border-warning/60 bg-warning/10 px-4 py-3 text-sm"
        >
          <ShieldAlertIcon className="size-4 shrink-0" /> That page is for administrators. You were sent to your account
          instead.
        </p>
      )}
      <PageHeader icon={<UserIcon />} title="Your account" description={`Signed in as ${actor.username}.`} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Profile</CardTitle>
            <CardDescription>Email notifications go to this address.</CardDescription>
          </CardHeader>
          <CardContent>
            <ProfileForm name={user?.name ?? ""} email={user?.email ?? ""} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Change password</CardTitle>
          </CardHeader>
          <CardContent>
            <PasswordForm />
          </CardContent>
        </Card>
      </div>
      <div className="mt-8">
        <div className="mb-3 flex items-end justify-between gap-4">
          <div>
            <h2 className="text-lg font-semibold">Your API tokens</h2>
            <p className="text-sm text-muted-foreground">
              For scripts and integrations that call Herald&apos;s API as you.
            </p>
          </div>
          <CreateTokenButton />
        </div>
        <TokensTable data={tokens.results} pagination={tokens.pagination} pageSize={50} showOwner={false} />
      </div>
    </>
  );
}
