export type { InboundMessage, MailHeader, ReportInfo } from './inbound-message';
export { headerValues } from './inbound-message';
export { parseInboundMessage, InboundMessageError, type InboundMessageErrorCode } from './parse-inbound-message';
export { detectAutomatedMessage, type AutomatedMessage } from './detect-automated-message';
export { parseDeliveryStatus, type DeliveryStatusRecipient } from './parse-delivery-status';
export type { AuthResult, AuthVerdict } from './auth-verdict';
export { domainsAlign } from './auth-verdict';
export { findRepeatedHeaders, type RepeatedHeader } from './repeated-headers';
export { isConsentMessageId, newConsentMessageId } from './consent-message-id';
export {
  parseAuthenticationResults,
  readTrustedAuthenticationResults,
  type AuthResultStatement,
  type ParsedAuthenticationResults,
} from './authentication-results';
export { verifyMessageAuthenticity, type VerifyAuthenticityOptions } from './verify-message-authenticity';
export { extractReplyText, type ExtractedReply, type ExtractReplyOptions, type StripLayer } from './extract-reply-text';
export type { CrossCheck } from './cross-check-reply';
export { cutReason, limitReplyText, MAX_REPLY_CHARS, MAX_REPLY_LINES, type LimitedReplyText } from './limit-reply-text';
export { ReplyParseError, REPLY_PARSE_BUDGET_MS, type ReplyParseFailure } from './read-with-email-reply-parser';
export { classifyReply, MAX_REPLY_WORDS, type ClassifyReplyOptions, type ReplyClassification, type ReplyVerdict } from './classify-reply';
export type { ReplyLanguage } from './consent-vocabulary';
