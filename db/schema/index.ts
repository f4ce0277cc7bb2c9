export * from "./auth";
export * from "./events";
export * from "./settings";
export * from "./transports";
export * from "./rules";
export * from "./policies";
export * from "./notifications";
