/**
 * Every string of the desk pages (sign-in, setup, admin) and of the shell around them. A message
 * that embeds a value takes it already formatted for the catalogue's language.
 */
import type { Role } from "../../../shared/wire.ts";

export interface DeskMessages {
  appTitle: string;
  province: string;
  /** The name of the other language, on the switch that leads to it. */
  otherLanguage: string;
  roles: Record<Role, string>;
  shell: {
    signedInAs: string;
    signOut: string;
    wall: string;
    admin: string;
    inspection: string;
    week: string;
    control: string;
    audit: string;
    online: string;
    offline: string;
  };
  login: {
    title: string;
    heading: string;
    name: string;
    password: string;
    submit: string;
    invalid: string;
    locked: (minutes: string) => string;
    tooMany: string;
    failed: string;
    screenLinkInvalid: string;
  };
  setup: {
    title: string;
    heading: string;
    intro: string;
    name: string;
    password: string;
    repeat: string;
    submit: string;
    mismatch: string;
    invalidCode: string;
    badName: string;
    tooShort: string;
    tooLong: string;
    failed: string;
  };
  admin: {
    title: string;
    accounts: string;
    screens: string;
    name: string;
    role: string;
    state: string;
    enabled: string;
    disabled: string;
    locked: string;
    changed: string;
    disable: string;
    enable: string;
    newPassword: string;
    setPassword: string;
    password: string;
    add: string;
    addAccount: string;
    createScreen: string;
    create: string;
    lastSeen: string;
    from: string;
    never: string;
    active: string;
    revoked: string;
    revoke: string;
    confirmRevoke: (name: string) => string;
    tokenOnce: string;
    screenLink: string;
    copy: string;
    copied: string;
    saved: string;
    errors: Record<string, string>;
    failed: string;
  };
}
