import type { PresentationRequest } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { pick, type Lang } from '../i18n';

/** Claim names per DCQL query id. */
export type ClaimsByQuery = Record<string, Set<string>>;

export const neededTexts = {
  needed: { sv: 'Behövs för ärendet', en: 'Needed for the matter' },
  extra: { sv: 'Utöver registreringen', en: 'Beyond the registration' },
  extraWarning: {
    sv: 'Mottagaren frågar efter mer än den är registrerad för:',
    en: 'The recipient asks for more than it is registered for:',
  },
  extraNotChosen: {
    sv: 'De är inte förvalda – välj dem bara om du vill.',
    en: 'They are not chosen for you – choose them only if you want to.',
  },
  withoutNeeded: {
    sv: 'behöver de här uppgifterna för ärendet, och du har valt bort dem:',
    en: 'needs these details for the matter, and you have left them out:',
  },
  withoutNeededNext: {
    sv: 'Utan dem kan ärendet kanske inte hanteras.',
    en: 'Without them the matter may not be handled.',
  },
  sendAnyway: { sv: 'Skicka ändå', en: 'Send anyway' },
  changeChoice: { sv: 'Ändra valen', en: 'Change the choices' },
} satisfies Record<string, Record<Lang, string>>;

/**
 * What the asker asks for beyond its registration in the trust list (the request's
 * `beyond_registration` warning), per query: shown marked and never chosen for the person.
 */
export function extraClaims(request: PresentationRequest): ClaimsByQuery {
  const beyond = request.warnings.find((w) => w.code === 'beyond_registration')?.claims ?? [];
  return Object.fromEntries(
    request.credential_queries.map((q) => [
      q.id,
      new Set(beyond.filter((b) => q.types.includes(b.type)).flatMap((b) => b.claims)),
    ]),
  );
}

/** Labels of details a registered asker needs (asked for within its registration) that are not chosen. */
export function neededLeftOut(
  request: PresentationRequest,
  chosen: Record<string, { claims: Set<string> }>,
): string[] {
  if (!request.verifier.registered) return [];
  const extra = extraClaims(request);
  return request.credential_queries.flatMap((q) =>
    (q.matches[0]?.claims_to_send ?? [])
      .filter((c) => !extra[q.id]?.has(c.name) && !chosen[q.id]?.claims.has(c.name))
      .map((c) => pick(c.label, c.name)),
  );
}

/** Before sending without needed details: an in-page question that takes focus. */
export function NeededDialog(props: {
  who: string;
  leftOut: string[];
  onSend: () => void;
  onChange: () => void;
}) {
  return (
    <ConfirmDialog
      id="needed-question"
      yes={pick(neededTexts.sendAnyway)}
      yesClass="button-primary"
      no={pick(neededTexts.changeChoice)}
      onYes={props.onSend}
      onNo={props.onChange}
    >
      <strong>
        {props.who} {pick(neededTexts.withoutNeeded)} {props.leftOut.join(', ')}.
      </strong>{' '}
      {pick(neededTexts.withoutNeededNext)}
    </ConfirmDialog>
  );
}
