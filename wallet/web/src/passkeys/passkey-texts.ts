import { getLang, type Lang } from '../i18n';

/** The passkey section's texts (Swedish first), kept beside it so other screens' tables stay apart. */
const texts = {
  title: { sv: 'Nyckel (passkey)', en: 'Passkey' },
  protectedByPasskey: {
    sv: 'Du har en nyckel (passkey). Nycklar som skapas med den kan bara låsas upp av dig, i din webbläsare. Än så länge binds intyg till nycklar som tjänsten håller, även de du hämtar nu: signering i webbläsaren kommer i nästa version.',
    en: 'You have a passkey. Keys made with it can only be unlocked by you, in your browser. For now credentials are bound to keys the service holds, also those you fetch now: signing in the browser comes in the next version.',
  },
  heldByService: {
    sv: 'Nycklarna hålls av tjänsten. Den som driver tjänsten kan tekniskt använda dem. Du kan redan nu lägga till en nyckel (passkey); när signering i webbläsaren finns kan bara du använda nycklar som skapas med den.',
    en: 'Keys held by the service. Whoever runs the service could technically use them. You can add a passkey now; once signing in the browser is there, only you can use keys made with it.',
  },
  name: { sv: 'Namn på nyckeln', en: 'Name of the passkey' },
  defaultName: { sv: 'Min nyckel', en: 'My passkey' },
  add: { sv: 'Lägg till nyckel', en: 'Add passkey' },
  added: { sv: 'Nyckeln är tillagd.', en: 'The passkey was added.' },
  remove: { sv: 'Ta bort', en: 'Remove' },
  lastOne: {
    sv: 'Det här är din sista nyckel och den skyddar dina nycklar. Lägg till en ny nyckel innan du tar bort den.',
    en: 'This is your last passkey and it protects your keys. Add another passkey before you remove it.',
  },
  noPrf: {
    sv: 'Din nyckel eller webbläsare kan inte skydda plånbokens nycklar (saknar tillägget PRF). Prova en annan nyckel eller webbläsare; tills dess hålls nycklarna av tjänsten.',
    en: 'Your passkey or browser cannot protect the wallet keys (it lacks the PRF extension). Try another passkey or browser; until then the service holds the keys.',
  },
  doesNotOpen: {
    sv: 'Nyckeln kunde inte låsa upp plånboken. Använd en annan av dina nycklar. Ingenting har ändrats.',
    en: 'The passkey could not unlock the wallet. Use another of your passkeys. Nothing was changed.',
  },
  failed: {
    sv: 'Det gick inte att använda nyckeln. Försök igen.',
    en: 'The passkey could not be used. Try again.',
  },
  lastUsed: { sv: 'senast använd', en: 'last used' },
  never: { sv: 'aldrig använd', en: 'never used' },
} satisfies Record<string, Record<Lang, string>>;

export function pt(key: keyof typeof texts): string {
  return texts[key][getLang()];
}
