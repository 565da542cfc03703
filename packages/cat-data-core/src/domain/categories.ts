import * as z from 'zod';

/**
 * Why a cat came in. The list covers what Japanese municipalities and US shelters record.
 *
 * @example
 * IntakeType.parse('owner_surrender');
 */
export const IntakeType = z.enum([
  'stray',
  'owner_surrender',
  'injured',
  'transfer_in',
  'confiscation',
  'return',
  'born_in_care',
  'owner_intended_euthanasia',
  'other',
]);
/** One of {@link IntakeType}'s values. */
export type IntakeType = z.infer<typeof IntakeType>;

/**
 * How a stay ended.
 *
 * @example
 * OutcomeType.parse('adoption');
 */
export const OutcomeType = z.enum([
  'adoption',
  'return_to_owner',
  'return_to_field',
  'transfer_out',
  'euthanasia',
  'owner_intended_euthanasia',
  'died',
  'lost',
  'other_live',
]);
/** One of {@link OutcomeType}'s values. */
export type OutcomeType = z.infer<typeof OutcomeType>;

/**
 * Sex as recorded; `*_altered` means spayed/neutered.
 *
 * @example
 * Sex.parse('female_altered');
 */
export const Sex = z.enum(['male', 'female', 'male_altered', 'female_altered', 'unknown']);
/** One of {@link Sex}'s values. */
export type Sex = z.infer<typeof Sex>;

/**
 * Species as recorded; the system is for cats, but shelter exports often mix species and a municipality may keep its
 * dogs in the same store.
 *
 * @example
 * Species.parse('cat');
 */
export const Species = z.enum(['cat', 'dog', 'other']);
/** One of {@link Species}'s values. */
export type Species = z.infer<typeof Species>;

/**
 * Where a cat is now.
 *
 * @example
 * CatStatus.parse('in_care');
 */
export const CatStatus = z.enum([
  'in_care',
  'foster',
  'community',
  'adopted',
  'returned',
  'transferred',
  'deceased',
  'unknown',
]);
/** One of {@link CatStatus}'s values. */
export type CatStatus = z.infer<typeof CatStatus>;

/**
 * Categories of citizens' consultations and complaints (苦情・相談).
 *
 * @example
 * ConsultationCategory.parse('nuisance');
 */
export const ConsultationCategory = z.enum([
  'nuisance',
  'feeding',
  'found_cat',
  'lost_cat',
  'injured_cat',
  'surrender_request',
  'tnr_request',
  'abuse',
  'other',
]);
/** One of {@link ConsultationCategory}'s values. */
export type ConsultationCategory = z.infer<typeof ConsultationCategory>;

/**
 * The Ministry of the Environment's annual statistics (犬・猫の引取り及び負傷動物の収容状況) columns an event counts in.
 * `intake_from_owner` and `intake_owner_unknown` together make 引取り数.
 */
export type MinistryCategory =
  | 'intake_from_owner'
  | 'intake_owner_unknown'
  | 'injured'
  | 'returned'
  | 'transferred'
  | 'euthanised';

/** Japanese labels of the Ministry columns, as printed in its tables. */
export const ministryLabels: Readonly<Record<MinistryCategory, string>> = {
  intake_from_owner: '引取り(所有者から)',
  intake_owner_unknown: '引取り(所有者不明)',
  injured: '負傷動物の収容',
  returned: '返還',
  transferred: '譲渡',
  euthanised: '殺処分',
};

/**
 * Ministry column of each intake type; `null` when the Ministry does not count it as 引取り (a transfer in, a
 * return of an adopted cat, a birth in care, ...).
 *
 * @example
 * ministryIntakeCategory.owner_surrender; // 'intake_from_owner'
 */
export const ministryIntakeCategory: Readonly<Record<IntakeType, MinistryCategory | null>> = {
  stray: 'intake_owner_unknown',
  owner_surrender: 'intake_from_owner',
  owner_intended_euthanasia: 'intake_from_owner',
  injured: 'injured',
  transfer_in: null,
  confiscation: null,
  return: null,
  born_in_care: null,
  other: null,
};

/**
 * Ministry column of each outcome type. Since FY2019 the Ministry counts deaths after intake (引取り後の死亡) within
 * 殺処分, and transfers to groups (団体譲渡) within 譲渡, so `died` is `euthanised` and `transfer_out` is `transferred`.
 *
 * @example
 * ministryOutcomeCategory.adoption; // 'transferred'
 */
export const ministryOutcomeCategory: Readonly<Record<OutcomeType, MinistryCategory | null>> = {
  adoption: 'transferred',
  transfer_out: 'transferred',
  return_to_owner: 'returned',
  euthanasia: 'euthanised',
  owner_intended_euthanasia: 'euthanised',
  died: 'euthanised',
  return_to_field: null,
  lost: null,
  other_live: null,
};

/**
 * Shelter Animals Count (US) intake groups of the Basic Data Matrix.
 *
 * @example
 * sacIntakeGroup.stray; // 'Stray/At Large'
 */
export const sacIntakeGroup: Readonly<Record<IntakeType, string>> = {
  stray: 'Stray/At Large',
  injured: 'Stray/At Large',
  owner_surrender: 'Relinquished By Owner',
  owner_intended_euthanasia: 'Owner Intended Euthanasia',
  transfer_in: 'Transferred In',
  confiscation: 'Other Intakes',
  return: 'Returned Adoptions',
  born_in_care: 'Other Intakes',
  other: 'Other Intakes',
};

/**
 * Shelter Animals Count (US) outcome groups of the Basic Data Matrix.
 *
 * @example
 * sacOutcomeGroup.return_to_field; // 'Returned To Field'
 */
export const sacOutcomeGroup: Readonly<Record<OutcomeType, string>> = {
  adoption: 'Adoption',
  return_to_owner: 'Returned To Owner',
  return_to_field: 'Returned To Field',
  transfer_out: 'Transferred Out',
  other_live: 'Other Live Outcome',
  died: 'Died In Care',
  lost: 'Lost In Care',
  euthanasia: 'Shelter Euthanasia',
  owner_intended_euthanasia: 'Owner Intended Euthanasia',
};

/**
 * Outcomes counted as live releases. The live release rate is live outcomes divided by all outcomes except
 * owner-intended euthanasia and lost animals (the Shelter Animals Count convention).
 *
 * @example
 * liveOutcomeTypes.includes('adoption'); // true
 */
export const liveOutcomeTypes: readonly OutcomeType[] = [
  'adoption',
  'return_to_owner',
  'return_to_field',
  'transfer_out',
  'other_live',
];
