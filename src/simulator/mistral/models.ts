/** Models `GET /v1/models` lists; only those with `completion_fim` serve `/v1/fim/completions`. */
export interface MistralModelCard {
  id: string;
  fim: boolean;
  aliases: string[];
  maxContextLength: number;
}

export const MISTRAL_MODELS: MistralModelCard[] = [
  { id: 'codestral-2508', fim: true, aliases: ['codestral-latest'], maxContextLength: 256_000 },
  { id: 'codestral-latest', fim: true, aliases: ['codestral-2508'], maxContextLength: 256_000 },
  { id: 'mistral-large-latest', fim: false, aliases: [], maxContextLength: 128_000 },
  { id: 'mistral-small-latest', fim: false, aliases: [], maxContextLength: 128_000 },
];

export function findMistralModel(id: string): MistralModelCard | undefined {
  return MISTRAL_MODELS.find((m) => m.id === id);
}

export function modelListBody(createdSec: number): unknown {
  return {
    object: 'list',
    data: MISTRAL_MODELS.map((m) => ({
      id: m.id,
      object: 'model',
      created: createdSec,
      owned_by: 'mistralai',
      capabilities: { completion_chat: true, completion_fim: m.fim, function_calling: true, fine_tuning: false, vision: false },
      name: m.id,
      description: m.fim ? 'Code model for fill-in-the-middle and code generation.' : 'General chat model.',
      max_context_length: m.maxContextLength,
      aliases: m.aliases,
      default_model_temperature: m.fim ? 0.2 : 0.3,
      type: 'base',
    })),
  };
}
