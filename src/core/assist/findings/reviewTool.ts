import type { Tool, ToolChoice } from '@anthropic-ai/sdk/resources/messages';

export const REVIEW_TOOL_NAME = 'report_findings';

export const REVIEW_TOOL: Tool = {
  name: REVIEW_TOOL_NAME,
  description:
    'Report the result of the code review: a short summary and every finding, each on the gutter line numbers of the code under review.',
  input_schema: {
    type: 'object',
    properties: {
      summary: { type: 'string', description: 'One or two sentences on the overall state of the code.' },
      findings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            line: { type: 'integer', minimum: 1, description: 'Gutter number of the first line concerned.' },
            endLine: { type: 'integer', minimum: 1, description: 'Gutter number of the last line concerned, if several.' },
            severity: { type: 'string', enum: ['error', 'warning', 'info'] },
            message: { type: 'string', maxLength: 200, description: 'One sentence: what is wrong and what to do instead.' },
            file: { type: 'string', description: 'Path of the file, as written in the request, when several files are reviewed.' },
            fix: {
              type: 'object',
              description: 'Optional: the corrected code for whole lines, when the fix is local and certain. Omit it otherwise.',
              properties: {
                startLine: { type: 'integer', minimum: 1, description: 'Gutter number of the first line replaced.' },
                endLine: {
                  type: 'integer',
                  minimum: 1,
                  description: 'Gutter number of the last line replaced (same as startLine for one line).',
                },
                replacement: {
                  type: 'string',
                  description: 'The new text of those lines, without gutter, with their indentation; empty to delete them.',
                },
              },
              required: ['startLine', 'endLine', 'replacement'],
            },
          },
          required: ['line', 'severity', 'message'],
        },
      },
    },
    required: ['summary', 'findings'],
  },
};

/**
 * Models known to accept forced tool use. Opus 5.5, Sonnet 5.5 and the Fable/Mythos 5.x point
 * releases reject `{type:'tool'}` and `{type:'any'}` with 400 (their migration guides), and an
 * unknown model might too, so everything not listed gets `auto` and is told to call the tool.
 */
const FORCED_TOOL_CHOICE = /^claude-(?:haiku-\d|sonnet-4|opus-4|sonnet-5(?:$|-\d{8})|opus-5(?:$|-\d{8})|fable-5$|mythos-5$|mythos-preview)/;

export function toolChoiceFor(model: string): ToolChoice {
  return FORCED_TOOL_CHOICE.test(model) ? { type: 'tool', name: REVIEW_TOOL_NAME } : { type: 'auto' };
}
