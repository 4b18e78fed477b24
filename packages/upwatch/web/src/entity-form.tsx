import { useState } from 'preact/hooks';
import { FormField } from './form-field';
import { formBody, saveErrors, type FieldDef, type FormValues } from './form-fields';

interface EntityFormProps {
  /** The fields for the values now (they may depend on a `type` chosen in the form). */
  fieldsFor: (values: FormValues) => FieldDef[];
  initial: FormValues | null;
  /** The values a new one starts with (a type chosen already). */
  start?: FormValues;
  /** Fields shown but not editable (a notifier's name once made). */
  fixed?: readonly string[];
  idPrefix: string;
  label: string;
  saveLabel: string;
  saveTestId: string;
  /** Sends the body (only what changed, when editing); an ApiError's fields show at their inputs. */
  save: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}

/** A create or edit form over the API's keys, with the API's messages next to the fields they name. */
export function EntityForm(props: EntityFormProps) {
  const [values, setValues] = useState<FormValues>(props.initial ?? props.start ?? {});
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [saving, setSaving] = useState(false);
  const defs = props.fieldsFor(values);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      await props.save(formBody(defs, values, props.initial));
    } catch (err) {
      setErrors(saveErrors(defs, err));
    } finally {
      setSaving(false);
    }
  };
  const general = errors.get('');
  return (
    <form class="form panel" onSubmit={onSubmit} aria-label={props.label} noValidate>
      <h2>{props.label}</h2>
      {general && (
        <div class="banner error" role="alert" data-testid="form-error">
          {general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <fieldset disabled={saving}>
        {defs.map((def) =>
          props.fixed?.includes(def.path) ? (
            <div class="field" key={def.path}>
              <span class="label">{def.label}</span> <strong>{values[def.path]}</strong>
            </div>
          ) : (
            <FormField
              key={def.path}
              def={def}
              idPrefix={props.idPrefix}
              value={values[def.path] ?? ''}
              errors={errors.get(def.path)}
              onInput={(value) => setValues((v) => ({ ...v, [def.path]: value }))}
            />
          ),
        )}
        <div class="form-actions">
          <button type="submit" class="button primary" data-testid={props.saveTestId}>
            {saving ? 'Saving…' : props.saveLabel}
          </button>
          <button type="button" class="button" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
