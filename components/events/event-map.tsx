"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** Leaflet needs `window`: the canvas loads in the browser only. */
export const EventMap = dynamic(() => import("./event-map-canvas").then((module) => module.EventMapCanvas), {
  ssr: false,
  loading: () => <Skeleton className="h-full w-full" />,
});
