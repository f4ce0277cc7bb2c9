"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import { toast } from "sonner";
import type { TFieldErrors } from "@/lib/errors";
import type { TActionResult } from "@/lib/server-actions/define-action";

type TOptions<T> = {
  /** Toast text on success; omit for no toast. */
  success?: string | ((data: T) => string);
  onSuccess?: (data: T) => void;
  /** Re-render the server components of the page after success (default true). */
  refresh?: boolean;
};

/**
 * Runs a server action defined with defineAction: pending state, field errors for the form,
 * a toast with the result, and a refresh of the page's server data on success.
 */
export function useAction<I, T>(action: (input: I) => Promise<TActionResult<T>>, options: TOptions<T> = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});

  const run = useCallback(
    (input: I) =>
      new Promise<TActionResult<T>>((resolve) => {
        startTransition(async () => {
          let result: TActionResult<T>;
          try {
            result = await action(input);
          } catch {
            result = {
              ok: false,
              code: "internal",
              message: "The server could not be reached. Check your connection and try again.",
            };
          }
          if (result.ok) {
            setFieldErrors({});
            const message = typeof options.success === "function" ? options.success(result.data) : options.success;
            if (message) toast.success(message);
            options.onSuccess?.(result.data);
            if (options.refresh !== false) router.refresh();
          } else {
            setFieldErrors(result.fieldErrors ?? {});
            toast.error(result.message);
          }
          resolve(result);
        });
      }),
    [action, options, router],
  );

  return { run, pending, fieldErrors, setFieldErrors };
}
