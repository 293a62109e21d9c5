// Labelled fields of a form sent through an endpoint: the value sent back after a refusal, and the
// refusal's message for the field beside it.
import type { Problem } from '../problem';
import { errorFor } from './endpoint-form';
import { type Html, html } from './html';
import { described, fieldError } from './pages';

type FormValues = Record<string, string>;

/** A labelled input of a form, its value as sent and its refusal by its field. */
export function input(id: string, name: string, label: string, values: FormValues, problem: Problem | undefined, attrs: Html = html``): Html {
  const err = errorFor(problem, name);
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <input id="${id}" name="${name}" value="${values[name] ?? ''}" ${attrs} ${described(id, err)} />${fieldError(id, err)}
  </div>`;
}

/** A labelled select of a form: `options` as [value, text], the first one `blank` when given. */
export function select(
  id: string,
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  values: FormValues,
  problem: Problem | undefined,
  blank?: string,
  error?: string,
): Html {
  const err = error ?? errorFor(problem, name);
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <select id="${id}" name="${name}" ${described(id, err)}>
      ${blank !== undefined ? html`<option value="">${blank}</option>` : ''}
      ${options.map(([value, text]) => html`<option value="${value}" ${values[name] === value ? html` selected` : ''}>${text}</option>`)}</select
    >${fieldError(id, err)}
  </div>`;
}
