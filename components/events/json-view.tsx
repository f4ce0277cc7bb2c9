import { cn } from "@/components/ui/cn";

export function JsonView({ value, className }: { value: unknown; className?: string }) {
  return (
    <pre
      className={cn(
        "max-h-[32rem] overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed",
        className,
      )}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
