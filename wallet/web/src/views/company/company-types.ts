/** The company screen's data, as GET /api/companies/{org}/profile and …/standing-permissions give it. */
import type { Localized } from '../../api';

export interface CompanyAddress {
  street_address: string;
  postal_code: string;
  locality: string;
  country: string;
}

export interface CompanyProfile {
  address: CompanyAddress | null;
  official_mail_address: CompanyAddress | null;
  emails: Array<{ address: string }>;
  phones: Array<{ number: string }>;
  preferred_language: string | null;
}

export interface CompanyProfileView {
  org_number: string;
  company_name: string;
  profile_version: number;
  profile: CompanyProfile | null;
}

export interface CompanyPermission {
  id: string;
  consumer: { client_id: string; name: Localized | null };
  fields: string[];
  status: 'active' | 'withdrawn';
  since: string;
  last_delivered_version: number | null;
  pending_deliveries: number;
}

export interface CompanyConsumer {
  id: string;
  name: Localized;
  client_id: string;
  fields: string[];
}

export const companyFields = [
  'address',
  'official_mail_address',
  'emails',
  'phones',
  'preferred_language',
] as const;
