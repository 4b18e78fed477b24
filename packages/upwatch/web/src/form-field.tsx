import type { FieldDef } from './form-fields';

interface FormFieldProps {
  def: FieldDef;
  value: string;
  errors: string[] | undefined;
  onInput: (value: string) => void;
  /** Unique on the page: the label's `for`. */
  idPrefix: string;
}

/** One labelled input with its hint and the API's errors for it beneath. */
export function FormField({ def, value, errors, onInput, idPrefix }: FormFieldProps) {
  const id = `${idPrefix}-${def.path.replace(/\W/g, '-')}`;
  const describedBy = [def.hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: def.path,
    'data-testid': `field-${def.path}`,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy,
    required: def.required,
  };
  let input;
  if (def.kind === 'select') {
    input = (
      <select {...common} value={value} onChange={(e) => onInput(e.currentTarget.value)}>
        {!def.required && <option value="">(default)</option>}
        {(def.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (def.kind === 'textarea' || def.kind === 'headers') {
    input = <textarea {...common} rows={def.kind === 'headers' ? 3 : 4} placeholder={def.placeholder} value={value} onInput={(e) => onInput(e.currentTarget.value)} />;
  } else if (def.kind === 'checkbox') {
    input = <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onInput(e.currentTarget.checked ? 'true' : '')} />;
  } else if (def.kind === 'password') {
    // Never filled in by the browser's password manager: it is a service's secret, not a login.
    input = <input {...common} type="password" autoComplete="new-password" placeholder={def.placeholder} value={value} onInput={(e) => onInput(e.currentTarget.value)} />;
  } else {
    const typed = { autoComplete: 'off', placeholder: def.placeholder, value, onInput: (e: { currentTarget: HTMLInputElement }) => onInput(e.currentTarget.value) };
    input = def.kind === 'number' ? <input {...common} {...typed} type="number" /> : <input {...common} {...typed} type="text" />;
  }
  return (
    <div class={`field ${def.kind === 'checkbox' ? 'field-check' : ''} ${errors?.length ? 'has-error' : ''}`}>
      <label for={id}>{def.label}</label>
      {input}
      {def.hint && (
        <small id={`${id}-hint`} class="hint">
          {def.hint}
        </small>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} class="field-error" data-testid={`error-${def.path}`} role="alert">
          {errors.join('; ')}
        </p>
      ) : null}
    </div>
  );
}
