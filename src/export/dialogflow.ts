import { writeFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { loadBotFactory } from '../bot/registry';
import { TellerError } from '../engine/errors';
import type { EntityName, IntentDefinition } from '../engine/intent';
import { loadIntents } from '../engine/loader';
import { silentLogger } from '../logging/logger';
import { annotate, customEntityTypes, PARAMETERS, stableUuid } from './dialogflow-entities';

/** A fixed timestamp (the zip format's 1980 epoch) so identical agents zip to identical bytes. */
const ZIP_EPOCH = new Date(1980, 0, 1, 12);

export interface DialogflowExportOptions {
  agentName: string;
  /** Agent language, e.g. `en`. */
  language: string;
  /** IANA zone Dialogflow resolves dates in, e.g. `Europe/London`. */
  timezone: string;
  /** Fulfillment URL (e.g. `https://bank.example/webhooks/dialogflow`); set credentials in the console. */
  webhookUrl?: string;
  /** Teller's "none of the above" intent: exported as the agent's fallback intent. */
  fallbackIntent?: string;
  /** Also triggered by the WELCOME / FACEBOOK_WELCOME events (Messenger's Get Started). */
  greetingIntent?: string;
}

export interface DialogflowExportSummary {
  intents: number;
  trainingPhrases: number;
  entityTypes: number;
  files: string[];
}

/** A file name Dialogflow and every file system accept; Teller names are already dotted lower-case. */
export function safeFileName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return s.slice(0, 100) || '_';
}

function agentJson(o: DialogflowExportOptions): object {
  return {
    description: `Teller agent for ${o.agentName}: intents are matched here and answered by Teller's fulfillment.`,
    displayName: o.agentName,
    language: o.language,
    supportedLanguages: [],
    defaultTimezone: o.timezone,
    enableOnePlatformApi: true,
    onePlatformApiVersion: 'v2',
    apiVersion: 'v2',
    isPrivate: true,
    // Customers' messages are banking questions: keep them out of Dialogflow's logs.
    disableInteractionLogs: true,
    disableStackdriverLogs: true,
    mlMinConfidence: 0.3,
    analyzeQueryTextSentiment: false,
    enabledKnowledgeBaseNames: [],
    enableSpellCorrection: false,
    webhook: {
      url: o.webhookUrl ?? '',
      username: '',
      headers: {},
      available: !!o.webhookUrl,
      useForDomains: false,
      cloudFunctionsEnabled: false,
      cloudFunctionsInitialized: false,
    },
  };
}

function intentJson(intent: IntentDefinition, o: DialogflowExportOptions, isFallback: boolean): object {
  const reads = Object.keys(intent.entities ?? {}) as EntityName[];
  return {
    id: stableUuid(`${o.agentName}/intent/${intent.name}`),
    name: intent.name,
    auto: true,
    contexts: [],
    responses: [
      {
        resetContexts: false,
        action: intent.name,
        affectedContexts: [],
        // Never required here: Teller asks for missing entities itself, in its own words.
        parameters: reads.map((e) => ({
          id: stableUuid(`${o.agentName}/intent/${intent.name}/param/${e}`),
          name: PARAMETERS[e].name,
          required: false,
          dataType: PARAMETERS[e].dataType,
          value: `$${PARAMETERS[e].name}`,
          defaultValue: '',
          isList: false,
          prompts: [],
          promptMessages: [],
          noMatchPromptMessages: [],
          noInputPromptMessages: [],
          outputDialogContexts: [],
        })),
        // Shown only if the fulfillment webhook cannot be reached.
        messages: [
          {
            type: '0',
            title: '',
            textToSpeech: '',
            lang: o.language,
            speech: ["Sorry, I can't answer that right now. Please try again in a moment."],
            condition: '',
          },
        ],
        defaultResponsePlatforms: {},
        speech: [],
      },
    ],
    priority: 500000,
    webhookUsed: true,
    webhookForSlotFilling: false,
    fallbackIntent: isFallback,
    events:
      intent.name === (o.greetingIntent ?? 'greeting')
        ? [{ name: 'WELCOME' }, { name: 'FACEBOOK_WELCOME' }]
        : [],
    conditionalResponses: [],
    condition: '',
    conditionalFollowupEvents: [],
  };
}

/**
 * Builds a Dialogflow ES agent zip (Settings → Export and Import → Restore/Import from zip): one
 * intent per Teller intent with its examples as training phrases (the fallback intent's examples
 * become negative examples), webhook fulfillment on, and Teller's account-type, category and
 * merchant synonyms as custom entity types.
 */
export async function exportDialogflowAgent(
  intents: readonly IntentDefinition[],
  o: DialogflowExportOptions,
): Promise<Buffer> {
  return (await buildAgent(intents, o)).zip;
}

export async function buildAgent(
  intents: readonly IntentDefinition[],
  o: DialogflowExportOptions,
): Promise<{ zip: Buffer; summary: DialogflowExportSummary }> {
  if (!/^[a-z]{2}(-[a-z]{2})?$/i.test(o.language))
    throw new TellerError('TELLER_ERR_CONFIG', `Not a Dialogflow language code: ${o.language}`);
  const zip = new JSZip();
  const files: string[] = [];
  const add = (path: string, data: unknown) => {
    if (files.includes(path))
      throw new TellerError('TELLER_ERR_INTENT_DUPLICATE', `Two intents export as ${path}`);
    files.push(path);
    zip.file(path, JSON.stringify(data, null, 2) + '\n', { date: ZIP_EPOCH });
  };
  const lang = o.language.toLowerCase();
  add('agent.json', agentJson(o));
  add('package.json', { version: '1.0.0' });
  let trainingPhrases = 0;
  for (const intent of intents) {
    const file = safeFileName(intent.name);
    const isFallback = intent.name === (o.fallbackIntent ?? 'fallback');
    add(`intents/${file}.json`, intentJson(intent, o, isFallback));
    const reads = new Set(Object.keys(intent.entities ?? {}) as EntityName[]);
    const examples = [...new Set(intent.examples)];
    trainingPhrases += examples.length;
    add(
      `intents/${file}_usersays_${lang}.json`,
      examples.map((text, i) => ({
        id: stableUuid(`${o.agentName}/intent/${intent.name}/example/${i}/${text}`),
        data: annotate(text, reads),
        isTemplate: false,
        count: 0,
        lang,
        updated: 0,
      })),
    );
  }
  const types = customEntityTypes();
  for (const t of types) {
    add(`entities/${t.name}.json`, {
      id: stableUuid(`${o.agentName}/entity/${t.name}`),
      name: t.name,
      isOverridable: true,
      isEnum: false,
      isRegexp: false,
      automatedExpansion: t.automatedExpansion,
      allowFuzzyExtraction: true,
    });
    add(`entities/${t.name}_entries_${lang}.json`, t.entries);
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return {
    zip: buffer,
    summary: { intents: intents.length, trainingPhrases, entityTypes: types.length, files },
  };
}

export interface ExportCommandOptions {
  /** A bot folder under bots/ (its intents are exported); without it, the built-in intents. */
  bot?: string;
  out: string;
  language?: string;
  /** Default Europe/London, Teller's default user timezone. */
  timezone?: string;
  webhookUrl?: string;
  print?: (line: string) => void;
}

/** `teller export dialogflow --out agent.zip`: writes the zip and prints a one-line summary. */
export async function exportDialogflowCommand(o: ExportCommandOptions): Promise<DialogflowExportSummary> {
  let name = 'teller';
  let intents: readonly IntentDefinition[];
  if (o.bot) {
    const bot = await loadBotFactory(o.bot)({ publicUrl: 'http://localhost', logger: silentLogger() });
    name = bot.name;
    intents = [...bot.engine.intents.values()];
    await bot.close();
  } else intents = loadIntents();
  const opts = {
    agentName: name,
    language: o.language ?? 'en',
    timezone: o.timezone ?? 'Europe/London',
    webhookUrl: o.webhookUrl,
  };
  const { zip, summary } = await buildAgent(intents, opts);
  await writeFile(o.out, zip);
  (o.print ?? console.log)(
    `Wrote ${o.out}: Dialogflow ES agent "${name}" (${opts.language}, ${opts.timezone}) with ${summary.intents} intents, ` +
      `${summary.trainingPhrases} training phrases and ${summary.entityTypes} entity types.`,
  );
  return summary;
}
