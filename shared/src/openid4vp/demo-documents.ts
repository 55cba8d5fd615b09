import { createMinimalPdf } from './minimal-pdf.js';

/** The demo's documents to approve: Arbetsförmedlingen's internship agreement and the insurer's claim statement. */
export function internshipAgreementPdf(options: { personName?: string; reference?: string } = {}): Buffer {
  return createMinimalPdf({
    title: 'Praktikavtal – Arbetsförmedlingen',
    lines: [
      `Ärende: ${options.reference ?? 'AF-PRAKTIK-2026-0142'}`,
      ...(options.personName ? [`Praktikant: ${options.personName}`] : []),
      'Praktikplats: Norrlands Bygg AB, Umeå',
      'Period: 2027-01-11 – 2027-04-02 (12 veckor), 40 timmar per vecka',
      'Handledare: Eva Strand, platschef',
      '',
      '1. Praktiken är en arbetsmarknadspolitisk insats och är inte en anställning.',
      '2. Praktikanten får aktivitetsstöd från Försäkringskassan under praktiken.',
      '3. Arbetsgivaren ansvarar för introduktion, handledning och arbetsmiljö.',
      '4. Praktikanten följer arbetsplatsens regler och meddelar frånvaro samma dag.',
      '5. Avtalet kan avbrytas av var och en av parterna efter samråd med Arbetsförmedlingen.',
      '',
      'Genom att godkänna intygar praktikanten att hen har läst och godtar villkoren.',
    ],
  });
}

export function claimStatement(options: { reference?: string } = {}) {
  return {
    reference: options.reference ?? 'TF-2026-88231',
    kind: 'Inkomstförsäkring vid arbetslöshet',
    statement: [
      'Jag blev arbetslös den 31 augusti 2026 och är inskriven hos Arbetsförmedlingen sedan 1 september 2026.',
      'Jag har inte haft någon annan inkomst från anställning under perioden.',
      'De uppgifter jag lämnat är riktiga och fullständiga.',
    ],
    period: { from: '2026-09-01', to: '2026-11-30' },
    amount_claimed_sek: 24600,
  };
}
