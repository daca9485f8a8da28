// The API reports a field's problem with the validator's message, which is English for
// many checks (pydantic's own, "Field required"). Until the server says them in German,
// the form says the common ones in German; anything unknown is shown as the server wrote it.

const GERMAN: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Field required$/i, () => "Pflichtfeld: bitte ausfüllen."],
  [/^String should have at least 1 character/i, () => "Pflichtfeld: bitte ausfüllen."],
  [/^String should have at most (\d+) characters?/i, (m) => `Höchstens ${m[1]} Zeichen.`],
  [/^Input should be greater than or equal to (\S+)/i, (m) => `Der Wert muss mindestens ${m[1]} sein.`],
  [/^Input should be greater than (\S+)/i, (m) => `Der Wert muss größer als ${m[1]} sein.`],
  [/^Input should be less than or equal to (\S+)/i, (m) => `Der Wert darf höchstens ${m[1]} sein.`],
  [/^Input should be a valid integer/i, () => "Bitte eine ganze Zahl eingeben."],
  [/^Input should be a valid number/i, () => "Bitte eine Zahl eingeben."],
  [/^'(.*)' is not a valid e-mail address/i, (m) => `„${m[1]}“ ist keine gültige E-Mail-Adresse.`],
  [/^'(.*)' is not a web address/i, (m) => `„${m[1]}“ ist keine Webadresse: Sie muss mit http:// oder https:// beginnen.`],
  [/^'(.*)' is not a valid web address/i, (m) => `„${m[1]}“ ist keine gültige Webadresse.`],
  [/^'(.*)' has no valid host name/i, (m) => `„${m[1]}“ enthält keinen gültigen Servernamen.`],
  [/^'(.*)' is not a phone number/i, (m) => `„${m[1]}“ ist keine Telefonnummer: bitte nur Ziffern, Leerzeichen und + - / ( ) verwenden.`],
  [/^'(.*)' is not a valid calendar date/i, (m) => `„${m[1]}“ ist kein gültiges Datum.`],
  [/^expected an ISO date like/i, () => "Bitte ein Datum angeben, z. B. 2018-06-01 oder 01.06.2018."],
  [/^'(.*)' is not a slug/i, (m) => `„${m[1]}“ ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. „kvhs-gifhorn“.`],
  [/^id is (\d+) characters long, at most (\d+)/i, (m) => `Die Kennung ist ${m[1]} Zeichen lang, erlaubt sind höchstens ${m[2]}.`],
];

/** A field message in German: already German ones (the API's "Deutsch / English") pass through. */
export function inGerman(message: string): string {
  const text = message.replace(/^Value error, /, "");
  for (const [pattern, say] of GERMAN) {
    const match = text.match(pattern);
    if (match) return say(match);
  }
  // "Deutsch / English": keep the German half
  const slash = text.indexOf(" / ");
  return slash > 0 ? text.slice(0, slash) : text;
}
