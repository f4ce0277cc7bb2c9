import { KeyRoundIcon } from "lucide-react";
import { CreateTokenButton } from "@/app/(user)/account/_components/create-token-dialog";
import { TokensTable } from "@/app/(user)/account/_components/tokens-table";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { parseSearchParams, type TRawSearchParams } from "@/lib/api/search-params";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { listTokens } from "@/lib/tokens/queries";
import { ZTokenListQuery } from "@/lib/tokens/validation";
import { userChoices } from "@/lib/users/queries";

export const dynamic = "force-dynamic";

export default async function TokensPage({ searchParams }: { searchParams: Promise<TRawSearchParams> }) {
  const actor = await requireAdminPage();
  const query = parseSearchParams(ZTokenListQuery, await searchParams);
  const pageSize = Math.min(query.page_size, 100);
  const db = await getDb();
  const [page, users] = await Promise.all([listTokens(db, actor, { ...query, page_size: pageSize }), userChoices(db)]);
  return (
    <>
      <PageHeader
        icon={<KeyRoundIcon />}
        title="Tokens"
        description="API tokens of every user. Keys are stored hashed and shown only once, at creation."
        actions={
          <CreateTokenButton
            defaultScopes={["events:write"]}
            owners={users
              .filter((user) => user.isActive)
              .map((user) => ({ value: String(user.id), label: user.username, description: user.name || user.email }))}
          />
        }
      />
      <TokensTable data={page.results} pagination={page.pagination} pageSize={pageSize} showOwner />
    </>
  );
}
