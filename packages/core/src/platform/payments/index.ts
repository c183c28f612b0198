export { type LocalCheckoutItem, type LocalCheckoutOutcome, LocalPayments } from "./local.js";
export type { Checkout, CheckoutRequest, PaymentEvent, PaymentsProvider, RefundRequest, RefundResult } from "./port.js";
export { SIGNATURE_TOLERANCE_SECONDS, signEvent, verifySignedEvent } from "./verify.js";
