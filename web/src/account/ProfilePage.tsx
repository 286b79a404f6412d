import { type FormEvent, useState } from "react";
import { fieldErrorsOf } from "../api/errors";
import { ErrorMessage, Spinner } from "../ui/feedback";
import { Field } from "../ui/Field";
import { Page } from "../ui/Page";
import { AddressFields, type AddressDraft, addressBody, EMPTY_ADDRESS } from "./AddressFields";
import { type Address, useAddAddress, useAddresses, useDeleteAddress, useMakeDefault, useProfile, useRenameProfile } from "./queries";

export function ProfilePage() {
  return (
    <Page title="Your account">
      <ProfileForm />
      <AddressBook />
    </Page>
  );
}

function ProfileForm() {
  const profile = useProfile();
  const rename = useRenameProfile();
  const [name, setName] = useState<string | null>(null);
  if (profile.isPending) return <Spinner />;
  if (profile.error) return <ErrorMessage error={profile.error} onRetry={() => profile.refetch()} />;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name !== null) rename.mutate(name.trim(), { onSuccess: () => setName(null) });
  }

  return (
    <form onSubmit={submit} className="narrow" aria-label="Profile">
      <p>Signed in as {profile.data.email}</p>
      <Field label="Name" required value={name ?? profile.data.name ?? ""} onChange={(e) => setName(e.target.value)} error={fieldErrorsOf(rename.error).name} />
      <ErrorMessage error={rename.error} />
      <button type="submit" disabled={rename.isPending || name === null}>
        Save name
      </button>
      {rename.isSuccess && name === null && <p className="success">Saved.</p>}
    </form>
  );
}

function AddressBook() {
  const addresses = useAddresses();
  const makeDefault = useMakeDefault();
  const remove = useDeleteAddress();
  if (addresses.isPending) return <Spinner />;
  if (addresses.error) return <ErrorMessage error={addresses.error} onRetry={() => addresses.refetch()} />;
  return (
    <section aria-labelledby="addresses">
      <h2 id="addresses">Addresses</h2>
      <ErrorMessage error={makeDefault.error ?? remove.error} />
      <ul className="lines">
        {addresses.data.items.map((address: Address) => (
          <li key={address.id} className="line">
            <span className="line-name">
              {address.recipient}, {address.line1}, {address.postal_code} {address.city}, {address.country}
            </span>
            {address.is_default ? (
              <span className="badge">Default</span>
            ) : (
              <button type="button" className="secondary" onClick={() => makeDefault.mutate(address.id)}>
                Make default
              </button>
            )}
            <button type="button" className="secondary" aria-label={`Delete the address of ${address.recipient}, ${address.line1}`} onClick={() => remove.mutate(address.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      <NewAddressForm isFirst={addresses.data.items.length === 0} />
    </section>
  );
}

function NewAddressForm({ isFirst }: { isFirst: boolean }) {
  const add = useAddAddress();
  const [draft, setDraft] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [isDefault, setIsDefault] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ ...addressBody(draft), is_default: isFirst || isDefault }, { onSuccess: () => setDraft(EMPTY_ADDRESS) });
  }

  return (
    <form onSubmit={submit} className="narrow" aria-label="New address" noValidate>
      <h3>Add an address</h3>
      <AddressFields value={draft} onChange={setDraft} errors={fieldErrorsOf(add.error)} />
      {!isFirst && (
        <label className="choice">
          <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
          <span>Make it my default address</span>
        </label>
      )}
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending}>
        Add address
      </button>
    </form>
  );
}
