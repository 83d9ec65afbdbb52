export { webhookAuth, safeEqual, type WebhookAuth } from './auth';
export {
  DIALOGFLOW_CHANNEL,
  dialogflowFulfillment,
  toWebhookResponse,
  type DialogflowFulfillmentOptions,
} from './fulfillment';
export {
  replyWords,
  webhookParameters,
  webhookRequestSchema,
  webhookUserId,
  type FulfillmentMessage,
  type WebhookRequest,
  type WebhookResponse,
} from './webhook';
