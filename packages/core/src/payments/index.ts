// The payments domain: deposits through a hosted checkout, Stripe webhooks, refunds by the sprint's policy,
// settlement at the sprint's end, and the double-entry credit ledger.
export { startDeposit, toDepositView } from "./deposits.js";
export {
  DepositInput,
  DepositView,
  ExcuseInput,
  LedgerView,
  PodRefund,
  RefundCalculation,
  WebhookAck,
} from "./model.js";
export { declareExcuse, ledgerOf, paymentsExport, podRefundOf } from "./reads.js";
export { SETTLEMENT_DELAY_HOURS, settlePod } from "./settlement.js";
export { receiveStripeWebhook } from "./webhooks.js";
