/**
 * google.protobuf.Struct / Value → plain JSON. The client library hands back Structs as
 * `{ fields: { name: Value } }` where each Value sets exactly one of `nullValue`, `numberValue`,
 * `stringValue`, `boolValue`, `structValue`, `listValue` (and maybe `kind`, naming which one).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ProtoValue {
  kind?: string | null;
  nullValue?: unknown;
  numberValue?: number | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  structValue?: ProtoStruct | null;
  listValue?: { values?: ProtoValue[] | null } | null;
}

export interface ProtoStruct {
  fields?: { [key: string]: ProtoValue } | null;
}

/** Guards against hostile nesting; Dialogflow parameters are never this deep. */
const MAX_DEPTH = 32;

export function valueToJson(v: ProtoValue | null | undefined, depth = 0): Json {
  if (!v || depth > MAX_DEPTH) return null;
  const kind = typeof v.kind === 'string' ? v.kind : undefined;
  const has = (k: keyof ProtoValue) => (kind ? kind === k : v[k] !== undefined && v[k] !== null);
  if (has('structValue')) return structToJson(v.structValue, depth + 1);
  if (has('listValue')) return (v.listValue?.values ?? []).map((x) => valueToJson(x, depth + 1));
  if (has('stringValue')) return v.stringValue ?? '';
  if (has('numberValue')) {
    const n = Number(v.numberValue);
    return Number.isFinite(n) ? n : null;
  }
  if (has('boolValue')) return v.boolValue === true;
  return null;
}

export function structToJson(s: ProtoStruct | null | undefined, depth = 0): JsonObject {
  const out: JsonObject = {};
  if (!s?.fields || depth > MAX_DEPTH) return out;
  for (const [key, value] of Object.entries(s.fields))
    if (key !== '__proto__') out[key] = valueToJson(value, depth);
  return out;
}

/** The reverse, for building responses (tests, the local server). */
export function jsonToValue(j: Json): ProtoValue {
  if (j === null) return { nullValue: 'NULL_VALUE' };
  if (typeof j === 'string') return { stringValue: j };
  if (typeof j === 'number') return { numberValue: j };
  if (typeof j === 'boolean') return { boolValue: j };
  if (Array.isArray(j)) return { listValue: { values: j.map(jsonToValue) } };
  return { structValue: jsonToStruct(j) };
}

export function jsonToStruct(o: JsonObject): ProtoStruct {
  return { fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, jsonToValue(v)])) };
}
