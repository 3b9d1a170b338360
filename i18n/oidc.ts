/** Sign-in through the organisation's identity provider, merged into sv.ts and en.ts. */
export const sv = {
  'oidc.button': 'Logga in med din organisations konto',
  'oidc.or': 'Eller få en inloggningslänk med e-post:',
  'oidc.refusedTitle': 'Inloggningen gick inte igenom',
  'oidc.back': 'Tillbaka till inloggningen',
  'oidc.startAgain': 'Inloggningen startades inte i den här webbläsaren, eller tog för lång tid. Börja om från inloggningssidan.',
  'oidc.refused': 'Din organisations inloggning släppte inte in dig. Försök igen, eller be om en inloggningslänk med e-post.',
  'oidc.invalid':
    'Svaret från din organisations inloggning gick inte att kontrollera (det var för gammalt eller inte utfärdat till Årshjul). Försök igen.',
  'oidc.noEmail':
    'Din organisations inloggning lämnade ingen bekräftad e-postadress. Be om en inloggningslänk med e-post, eller be er IT-avdelning lämna ut adressen.',
  'oidc.unknown':
    'E-postadressen från din organisations inloggning hör inte till någon plats i samverkan i dag. Be samordningskoordinatorn lägga in den.',
  'oidc.unavailable':
    'Din organisations inloggning svarar inte just nu. Försök igen om en stund, eller be om en inloggningslänk med e-post.',
};

export const en: Record<keyof typeof sv, string> = {
  'oidc.button': "Sign in with your organisation's account",
  'oidc.or': 'Or get a sign-in link by e-mail:',
  'oidc.refusedTitle': 'The sign-in did not go through',
  'oidc.back': 'Back to sign-in',
  'oidc.startAgain': 'The sign-in was not started in this browser, or took too long. Start again from the sign-in page.',
  'oidc.refused': "Your organisation's sign-in did not let you in. Try again, or ask for a sign-in link by e-mail.",
  'oidc.invalid': "The answer from your organisation's sign-in could not be verified (it was too old or not issued to Årshjul). Try again.",
  'oidc.noEmail':
    "Your organisation's sign-in gave no confirmed e-mail address. Ask for a sign-in link by e-mail, or ask your IT department to release the address.",
  'oidc.unknown':
    "The e-mail address from your organisation's sign-in does not belong to a seat in the collaboration today. Ask the coordinator to add it.",
  'oidc.unavailable': "Your organisation's sign-in does not answer at the moment. Try again shortly, or ask for a sign-in link by e-mail.",
};
