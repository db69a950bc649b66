/**
 * Word lists for plausible names and texts. A few entries carry commas, quotes or line breaks on
 * purpose: real exports do, and the landing files must exercise RFC 4180 quoting.
 */
export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Carlos', 'Karen',
  'Daniel', 'Lisa', 'Matthew', 'Nancy', 'Anthony', 'Sandra', 'Mark', 'Ashley', 'Priya', 'Emily',
  'Wei', 'Yuki', 'Ahmed', 'Fatima', 'Lukas', 'Sofia', 'Mateo', 'Chloe', 'Olivia', 'Noah',
  'Liam', 'Emma', 'Hiroshi', 'Aisha', 'Ingrid', 'Pierre', 'Giulia', 'Sven', 'Ana', 'Raj',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Nguyen', 'Chen', 'Kumar', 'Sato', 'Müller', 'Schmidt', 'Rossi', 'Dubois', 'Silva', 'Kowalski',
  "O'Brien", 'Novak', 'Larsen', 'Patel', 'Kim', 'Tanaka', 'Fischer', 'Moreau', 'Costa', 'Haddad',
] as const;

export const COMPANY_WORDS = [
  'Acme', 'Blue Harbor', 'Northwind', 'Summit', 'Evergreen', 'Redwood', 'Silverline', 'Apex', 'Pioneer',
  'Brightpath', 'Ironclad', 'Lakeside', 'Meridian', 'Nimbus', 'Orchard', 'Pinnacle', 'Quantum', 'Riverstone',
  'Sterling', 'Trident', 'Vantage', 'Westbrook', 'Zenith', 'Cobalt', 'Granite', 'Harbor Point', 'Keystone',
  'Lighthouse', 'Maple', 'Oakridge',
] as const;

export const COMPANY_NOUNS = [
  'Systems', 'Logistics', 'Health', 'Analytics', 'Foods', 'Energy', 'Labs', 'Partners', 'Holdings',
  'Manufacturing', 'Retail', 'Media', 'Capital', 'Networks', 'Consulting', 'Robotics', 'Pharma', 'Outfitters',
] as const;

export const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'Group', 'Corp.', 'S.A.', 'Co.'] as const;

export const INDUSTRIES = [
  'Technology', 'Healthcare', 'Financial Services', 'Manufacturing', 'Retail', 'Education', 'Media',
  'Energy', 'Transportation', 'Hospitality',
] as const;

export const ACCOUNT_TYPES = ['Customer', 'Prospect', 'Partner', 'Reseller'] as const;
export const ACCOUNT_TYPE_WEIGHTS = [60, 30, 7, 3] as const;

/** Regions as the sales and support teams are organised; countries belong to exactly one. */
export const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'] as const;
export const REGION_WEIGHTS = [45, 30, 17, 8] as const;

export const COUNTRIES_BY_REGION: readonly (readonly { country: string; cities: readonly string[] }[])[] = [
  [
    { country: 'United States', cities: ['New York', 'San Francisco', 'Chicago', 'Austin', 'Seattle', 'Boston', 'Denver'] },
    { country: 'Canada', cities: ['Toronto', 'Vancouver', 'Montréal'] },
  ],
  [
    { country: 'United Kingdom', cities: ['London', 'Manchester', 'Edinburgh'] },
    { country: 'Germany', cities: ['Berlin', 'München', 'Hamburg'] },
    { country: 'France', cities: ['Paris', 'Lyon'] },
    { country: 'Netherlands', cities: ['Amsterdam', 'Rotterdam'] },
    { country: 'Sweden', cities: ['Stockholm', 'Göteborg'] },
  ],
  [
    { country: 'Japan', cities: ['Tokyo', 'Osaka'] },
    { country: 'Australia', cities: ['Sydney', 'Melbourne'] },
    { country: 'Singapore', cities: ['Singapore'] },
    { country: 'India', cities: ['Bengaluru', 'Mumbai'] },
  ],
  [
    { country: 'Brazil', cities: ['São Paulo', 'Rio de Janeiro'] },
    { country: 'Mexico', cities: ['Mexico City', 'Monterrey'] },
    { country: 'Argentina', cities: ['Buenos Aires'] },
  ],
];

export const JOB_TITLES = [
  'CEO', 'CFO', 'CTO', 'VP of Engineering', 'VP, Operations', 'Head of IT', 'IT Manager', 'Procurement Manager',
  'Operations Manager', 'Director of Finance', 'Software Engineer', 'Data Analyst', 'Office Manager',
  'Purchasing Lead', 'Marketing Director',
] as const;

export const PRODUCT_BRANDS = ['Nimbus', 'Atlas', 'Vertex', 'Helix', 'Orbit', 'Pulse', 'Quartz', 'Beacon', 'Cascade', 'Forge'] as const;

export const PRODUCT_CATEGORIES = [
  { name: 'Software', nouns: ['Analytics', 'CRM Suite', 'Data Sync', 'Security', 'Workflow'], minPrice: 500, maxPrice: 20_000, costShare: [0.1, 0.3] },
  { name: 'Hardware', nouns: ['Gateway', 'Sensor Kit', 'Edge Server', 'Scanner', 'Router'], minPrice: 200, maxPrice: 8_000, costShare: [0.5, 0.75] },
  { name: 'Services', nouns: ['Implementation', 'Consulting Day', 'Migration', 'Integration', 'Audit'], minPrice: 1_000, maxPrice: 30_000, costShare: [0.4, 0.7] },
  { name: 'Support', nouns: ['Support Plan', 'Premium Support', 'Extended Warranty'], minPrice: 300, maxPrice: 10_000, costShare: [0.2, 0.5] },
  { name: 'Training', nouns: ['Workshop', 'Certification', 'Online Course'], minPrice: 200, maxPrice: 3_000, costShare: [0.2, 0.5] },
] as const;
export const PRODUCT_CATEGORY_WEIGHTS = [35, 20, 20, 15, 10] as const;
export const PRODUCT_TIERS = ['Basic', 'Standard', 'Pro', 'Enterprise', 'Plus', 'Lite', 'XL'] as const;

export const DEAL_KINDS = ['New Business', 'Expansion', 'Renewal', 'Upsell'] as const;

export const ACTIVITY_SUBJECTS = {
  call: ['Discovery call', 'Follow-up call re: "pricing"', 'Check-in call', 'Call: budget, timeline and next steps', 'Reference call'],
  email: ['Sent proposal', 'Re: contract redlines', 'Intro email', 'Follow-up: demo recording, slides', 'Quote sent'],
  meeting: ['Product demo', 'On-site workshop', 'Quarterly business review', 'Kick-off meeting', 'Negotiation, round 2'],
  note: ['Champion left the company', 'Budget approved for Q3', 'Competitor "Contoso" in the deal', 'Legal review pending', 'Call summary:\nprocurement wants a 3-year term'],
  task: ['Send contract', 'Prepare quote', 'Update forecast', 'Book demo', 'Chase signature'],
} as const;

export const TICKET_SUBJECTS = [
  'Cannot log in', 'Invoice question', 'Sync failing since update', 'Feature request: export to Excel',
  'Error "403 Forbidden" on dashboard', 'Slow performance, timeouts', 'Password reset', 'Data missing after import',
  'How do I add users?', 'Billing address change', 'Webhook not firing', 'Report totals look wrong',
] as const;

/** A web-form ticket sometimes keeps the user's line breaks in its subject. */
export const MULTILINE_TICKET_SUBJECT = 'Export broken\nSteps: open report, click "Export"';
