export { type OutboxMail, OutboxMailer } from "./outbox.js";
export * from "./port.js";
export { SesMailer } from "./ses.js";
