export * from "./auth";
export * from "./events";
export * from "./exports";
export * from "./notifications";
export * from "./policies";
export * from "./rules";
export * from "./settings";
export * from "./transports";
