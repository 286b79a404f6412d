import { Field } from "../ui/Field";

export interface AddressDraft {
  recipient: string;
  line1: string;
  line2: string;
  city: string;
  postal_code: string;
  country: string;
}

export const EMPTY_ADDRESS: AddressDraft = { recipient: "", line1: "", line2: "", city: "", postal_code: "", country: "" };

/** The draft as the API takes it: no empty optional line, the country code in capitals. */
export function addressBody(draft: AddressDraft) {
  const { line2, ...required } = draft;
  return { ...required, country: draft.country.trim().toUpperCase(), ...(line2.trim() ? { line2 } : {}) };
}

interface AddressFieldsProps {
  value: AddressDraft;
  onChange: (value: AddressDraft) => void;
  /** The API's messages by field name (`city`, `postal_code`). */
  errors: Record<string, string>;
}

export function AddressFields({ value, onChange, errors }: AddressFieldsProps) {
  const bind = (name: keyof AddressDraft) => ({
    value: value[name],
    onChange: (event: { target: { value: string } }) => onChange({ ...value, [name]: event.target.value }),
    error: errors[name],
  });
  return (
    <div className="address-fields">
      <Field label="Recipient" autoComplete="name" required {...bind("recipient")} />
      <Field label="Address line 1" autoComplete="address-line1" required {...bind("line1")} />
      <Field label="Address line 2 (optional)" autoComplete="address-line2" {...bind("line2")} />
      <Field label="City" autoComplete="address-level2" required {...bind("city")} />
      <Field label="Postal code" autoComplete="postal-code" required {...bind("postal_code")} />
      <Field
        label="Country"
        autoComplete="country"
        required
        maxLength={2}
        hint="Two letters, such as DE or FR"
        {...bind("country")}
      />
    </div>
  );
}
