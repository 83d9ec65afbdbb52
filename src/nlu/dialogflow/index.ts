export { DialogflowNlu, type DialogflowNluOptions, type DialogflowParseContext } from './dialogflow-nlu';
export { dialogflowEntities, type EntityOptions } from './entities';
export { numberToDecimal, toMoney } from './decimal';
export {
  DIALOGFLOW_ERROR_CODES,
  DialogflowError,
  toDialogflowError,
  type DialogflowErrorCode,
} from './errors';
export { jsonToStruct, jsonToValue, structToJson, valueToJson, type Json, type JsonObject } from './struct';
