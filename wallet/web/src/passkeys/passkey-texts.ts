import { getLang, type Lang } from '../i18n';

/** The passkey section's texts (Swedish first), kept beside it so other screens' tables stay apart. */
const texts = {
  title: { sv: 'Nyckel (passkey)', en: 'Passkey' },
  protectedByPasskey: {
    sv: 'Du har en nyckel (passkey). Nycklar som skapas med den kan bara låsas upp av dig, i din webbläsare. Intyg du tar emot med en erbjudandelänk eller hämtar genom att logga in hos utfärdaren binds till sådana nycklar. Intyg du fick innan du lade till nyckeln är bundna till nycklar som tjänsten håller.',
    en: 'You have a passkey. Keys made with it can only be unlocked by you, in your browser. Credentials you receive with an offer link or fetch by signing in at the issuer are bound to such keys. Those you had before you added the passkey are bound to keys the service holds.',
  },
  heldByService: {
    sv: 'Nycklarna hålls av tjänsten. Den som driver tjänsten kan tekniskt använda dem. Lägg till en nyckel (passkey): intyg du sedan tar emot eller hämtar binds till nycklar som bara du kan använda.',
    en: 'Keys held by the service. Whoever runs the service could technically use them. Add a passkey: credentials you then receive or fetch are bound to keys only you can use.',
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
  serviceBoundTitle: {
    sv: 'Intyg bundna till tjänstens nycklar',
    en: 'Credentials bound to the service’s keys',
  },
  serviceBoundIntro: {
    sv: 'Dessa intyg fick du innan du lade till nyckeln, och tjänsten kan tekniskt använda deras nycklar. Hämta dem igen från utfärdaren: de nya binds till dina nycklar och de gamla tas bort.',
    en: 'You received these before you added the passkey, and the service could technically use their keys. Fetch them again from the issuer: the new ones are bound to your keys and the old ones are removed.',
  },
  fetchAgain: { sv: 'Hämta igen', en: 'Fetch again' },
  noHolder: {
    sv: 'Kan inte hämtas här. Ta emot det på nytt från utfärdaren och ta sedan bort det gamla.',
    en: 'Cannot be fetched here. Receive it again from the issuer, then delete the old one.',
  },
  lastUsed: { sv: 'senast använd', en: 'last used' },
  never: { sv: 'aldrig använd', en: 'never used' },
} satisfies Record<string, Record<Lang, string>>;

export function pt(key: keyof typeof texts): string {
  return texts[key][getLang()];
}
