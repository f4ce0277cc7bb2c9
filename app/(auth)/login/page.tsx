import { redirect } from "next/navigation";
import { Brand } from "@/components/layout/brand";
import { Button } from "@/components/ui/button";
import { currentActor } from "@/lib/auth/current";
import { idpErrorMessage } from "@/lib/auth/login-messages";
import { oidcSignInName } from "@/lib/auth/next-auth";
import { signInWithIdpAction } from "../actions";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in · Herald" };

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: TProps) {
  const params = await searchParams;
  const actor = await currentActor().catch(() => null);
  if (actor) redirect("/welcome");
  const next =
    typeof params.next === "string"
      ? params.next
      : typeof params.callbackUrl === "string"
        ? params.callbackUrl
        : undefined;
  const notice = params.signed_out
    ? "You have been signed out."
    : next
      ? "Sign in to continue. Your session may have expired."
      : undefined;
  const idpName = oidcSignInName();
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-br from-primary/10 via-background to-background p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center text-xl">
          <Brand />
        </div>
        <div className="rounded-xl border bg-card p-6 shadow-lg">
          <h1 className="text-lg font-semibold">Sign in</h1>
          <p className="mb-5 text-sm text-muted-foreground">Events, audit log and notifications.</p>
          <LoginForm
            next={next}
            notice={notice}
            error={idpErrorMessage(typeof params.error === "string" ? params.error : undefined)}
          />
          {idpName ? (
            <form action={signInWithIdpAction} className="mt-4 border-t pt-4">
              <input type="hidden" name="next" value={next ?? ""} />
              <Button type="submit" variant="outline" className="w-full">
                Sign in with {idpName}
              </Button>
            </form>
          ) : null}
        </div>
      </div>
    </main>
  );
}
