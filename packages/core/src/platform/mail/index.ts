export * from "./port.js";
export { SesMailer } from "./ses.js";
export { OutboxMailer, type OutboxMail } from "./outbox.js";
