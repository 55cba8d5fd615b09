import { claim, holderNumberClaims, label, nameClaims, type HolderDefinition } from './holder-types.js';

export const skola: HolderDefinition = {
  id: 'skola',
  name: label('Norra Gymnasiet', 'Norra Upper Secondary School'),
  description: label('Utfärdar gymnasieexamen.', 'Issues upper-secondary diplomas.'),
  configurations: [
    {
      id: 'upper_secondary_diploma',
      format: 'dc+sd-jwt',
      typeName: 'upper-secondary-diploma',
      recordType: 'diploma',
      scope: 'skola_upper_secondary_diploma',
      name: label('Gymnasieexamen', 'Upper-secondary diploma'),
      description: label(
        'Examensbevis från gymnasieskolan med kurser och betyg.',
        'Upper-secondary school diploma with courses and grades.',
      ),
      claims: [
        ...nameClaims,
        ...holderNumberClaims,
        claim(['programme'], 'Program', 'Programme'),
        claim(['courses'], 'Kurser', 'Courses'),
        claim(['courses', null, 'code'], 'Kurskod', 'Course code', false),
        claim(['courses', null, 'name'], 'Kurs', 'Course', false),
        claim(['courses', null, 'points'], 'Poäng', 'Points', false),
        claim(['courses', null, 'grade'], 'Betyg', 'Grade', false),
        claim(['total_points'], 'Total poäng', 'Total points'),
        claim(['graduation_date'], 'Examensdatum', 'Graduation date'),
      ],
      disclosableArrayElements: ['courses'],
      backgroundColor: '#6e1c3c',
      textColor: '#ffffff',
    },
  ],
};
