/** Texts of the standing-permission screens (Swedish first, English as a choice). */
export const text = {
  title: { sv: 'Stående tillstånd', en: 'Standing permissions' },
  intro: {
    sv: 'Mottagare som får dina kontaktuppgifter nu och varje gång du ändrar dem, tills du återkallar.',
    en: 'Recipients who get your contact details now and every time you change them, until you withdraw.',
  },
  none: { sv: 'Du har inga stående tillstånd.', en: 'You have no standing permissions.' },
  shareMany: { sv: 'Dela med flera', en: 'Share with several' },
  fields: { sv: 'Uppgifter', en: 'Details' },
  since: { sv: 'Sedan', en: 'Since' },
  lastDelivered: { sv: 'Senast skickat', en: 'Last sent' },
  never: { sv: 'Inte än', en: 'Not yet' },
  pending: { sv: 'På väg', en: 'On its way' },
  retrying: {
    sv: 'Mottagaren svarar inte just nu. Plånboken försöker igen',
    en: 'The recipient is not answering right now. The wallet tries again',
  },
  failed: { sv: 'Kunde inte levereras', en: 'Could not be delivered' },
  active: { sv: 'Gäller', en: 'Active' },
  withdrawnByYou: { sv: 'Återkallat av dig', en: 'Withdrawn by you' },
  withdrawnByConsumer: { sv: 'Avslutat av mottagaren', en: 'Ended by the recipient' },
  change: { sv: 'Ändra uppgifter', en: 'Change details' },
  save: { sv: 'Spara', en: 'Save' },
  cancel: { sv: 'Avbryt', en: 'Cancel' },
  withdraw: { sv: 'Återkalla', en: 'Withdraw' },
  confirmWithdraw: {
    sv: 'Återkalla? Mottagaren får inga fler ändringar från och med nu och får veta att du har återkallat. Det den redan har fått behåller den enligt sina egna regler.',
    en: 'Withdraw? The recipient gets no more changes from now on and is told you withdrew. What it already received it keeps under its own rules.',
  },
  confirmYes: { sv: 'Ja, återkalla', en: 'Yes, withdraw' },
  withdrawn: { sv: 'Återkallat.', en: 'Withdrawn.' },
  changed: { sv: 'Ändrat.', en: 'Changed.' },
  nowGets: { sv: 'får nu:', en: 'now gets:' },
  changeHint: {
    sv: 'Du kan bara välja bland de uppgifter du gav från början.',
    en: 'You can only choose among the details you gave at the start.',
  },
  shareIntro: {
    sv: 'Välj mottagare och uppgifter. Varje mottagare får bara de uppgifter den är registrerad för, nu och vid varje ändring tills du återkallar.',
    en: 'Choose recipients and details. Each recipient gets only the details it is registered for, now and at every change until you withdraw.',
  },
  recipients: { sv: 'Mottagare', en: 'Recipients' },
  noRecipients: {
    sv: 'Det finns inga mottagare som tar emot stående tillstånd.',
    en: 'No recipients take standing permissions.',
  },
  registeredFor: { sv: 'Registrerad för', en: 'Registered for' },
  shareButton: { sv: 'Dela', en: 'Share' },
  shared: {
    sv: 'Delat. Mottagarna får dina uppgifter strax.',
    en: 'Shared. The recipients get your details shortly.',
  },
  back: { sv: 'Tillbaka till stående tillstånd', en: 'Back to standing permissions' },
  // Contract version 2: a recipient takes a permission the wallet starts only with whose it is.
  identityNeeded: {
    sv: 'Du behöver först hämta ditt identitetsintyg från Skatteverket.',
    en: 'You first need to fetch your identity credential from Skatteverket.',
  },
  identityNeededWhy: {
    sv: 'Mottagarna får det tillsammans med dina kontaktuppgifter, så att de vet att uppgifterna är dina. Dela sedan igen.',
    en: 'The recipients get it together with your contact details, so they know the details are yours. Then share again.',
  },
  identityFetch: {
    sv: 'Hämta identitetsintyg från Skatteverket',
    en: 'Fetch the identity credential from Skatteverket',
  },
  // The consent screen of a presentation request.
  standingAsked: {
    sv: 'får även framtida ändringar tills du återkallar',
    en: 'also gets future changes until you withdraw',
  },
  standingAskedHeading: { sv: 'ber också om framtida ändringar', en: 'also asks for future changes' },
  standingOnce: { sv: 'får uppgifterna bara den här gången', en: 'gets the details this time only' },
  standingLegend: { sv: 'Hur vill du dela?', en: 'How do you want to share?' },
  standingYes: {
    sv: 'Dela nu och skicka framtida ändringar (stående tillstånd, kan återkallas)',
    en: 'Share now and send future changes (standing permission, can be withdrawn)',
  },
  standingNo: { sv: 'Dela bara den här gången', en: 'Share this time only' },
  // A company's contact profile (issue #21): whose permission it is, and whose key signs.
  standingCompany: {
    sv: 'Tillståndet gäller {company} och hör till företaget, inte till dig. Ändringarna skrivs under med företagets nyckel, som plånbokstjänsten förvarar åt företaget, och den som tecknar för företaget kan återkalla tillståndet under Företagets kontaktuppgifter.',
    en: 'The permission is for {company} and belongs to the company, not to you. The changes are signed with the company’s key, which the wallet service keeps for the company, and whoever signs for the company can withdraw it under Company contact details.',
  },
  standingGrantedCompany: {
    sv: 'Stående tillstånd givet för företaget. Den som tecknar för företaget kan återkalla det under Företagets kontaktuppgifter.',
    en: 'Standing permission granted for the company. Whoever signs for the company can withdraw it under Company contact details.',
  },
  standingGranted: {
    sv: 'Stående tillstånd givet. Du kan återkalla det under Stående tillstånd.',
    en: 'Standing permission granted. You can withdraw it under Standing permissions.',
  },
};

/** The contact profile's fields by their claim names. */
export const fieldLabels: Record<string, { sv: string; en: string }> = {
  address: { sv: 'Adress', en: 'Address' },
  emails: { sv: 'E-postadresser', en: 'E-mail addresses' },
  phones: { sv: 'Telefonnummer', en: 'Phone numbers' },
  preferred_language: { sv: 'Föredraget språk', en: 'Preferred language' },
  contact_preferences: { sv: 'Kontaktsätt', en: 'Contact preferences' },
};

export const profileFields = Object.keys(fieldLabels);
