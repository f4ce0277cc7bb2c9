"use client";

import * as React from "react";
import { Button } from "@/components/ui/button";

/**
 * The end of an infinite list: loads the next page when it scrolls into view (inside `root`, the
 * scrolling container, or the viewport) and is also a button for keyboard users.
 */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  root,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  root?: React.RefObject<HTMLElement | null>;
}) {
  const ref = React.useRef<HTMLDivElement>(null);
  const onLoadRef = React.useRef(onLoad);
  onLoadRef.current = onLoad;
  React.useEffect(() => {
    const target = ref.current;
    if (!target || !hasMore || loading) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onLoadRef.current();
      },
      { root: root?.current ?? null, rootMargin: "200px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loading, root]);
  if (!hasMore) return null;
  return (
    <div ref={ref} className="flex justify-center p-3">
      <Button variant="ghost" size="sm" onClick={onLoad} disabled={loading}>
        {loading ? "Loading…" : "Load more"}
      </Button>
    </div>
  );
}
