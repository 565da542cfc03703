import {
  CatStatus,
  ConsultationCategory,
  IntakeType,
  OutcomeType,
  Sex,
  Species,
} from '../domain/categories.js';

/** The tables whose rows carry a `natural_key`. @internal */
export const eventTables = [
  'intakes',
  'outcomes',
  'sightings',
  'tnr_operations',
  'consultations',
  'published_annual_figures',
];

/** One versioned schema change. Versions only grow; an applied migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// The CHECK lists come from the zod enums, so the schema and the database can never disagree.
const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
// import_id columns are provenance, written only by the import merge (imports are never deleted): they carry no
// foreign key, whose per-row trigger would cost a quarter of a bulk import.

/**
 * The schema of `@mv/cat-data-core`, in the `cat_data` PostgreSQL schema. Every event table has a `natural_key`
 * that makes re-importing the same rows a no-op.
 *
 * @example
 * migrations.at(-1)?.version; // the schema version this release expects
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE cat_data.areas (
  id serial PRIMARY KEY,
  prefecture text NOT NULL,
  municipality text NOT NULL,
  district text NOT NULL DEFAULT '',
  UNIQUE (prefecture, municipality, district)
);

CREATE TABLE cat_data.imports (
  id serial PRIMARY KEY,
  kind text NOT NULL,
  file_name text NOT NULL,
  sha256 text,
  s3_bucket text,
  s3_key text,
  s3_version_id text,
  mapping jsonb,
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('pending', 'completed', 'failed')),
  rows_read integer NOT NULL DEFAULT 0,
  rows_filtered integer NOT NULL DEFAULT 0,
  rows_invalid integer NOT NULL DEFAULT 0,
  records_added integer NOT NULL DEFAULT 0,
  records_already_present integer NOT NULL DEFAULT 0,
  problems jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

CREATE TABLE cat_data.cats (
  id serial PRIMARY KEY,
  external_id text NOT NULL UNIQUE,
  name text,
  species text NOT NULL DEFAULT 'cat' CHECK (species IN (${oneOf(Species.options)})),
  sex text NOT NULL DEFAULT 'unknown' CHECK (sex IN (${oneOf(Sex.options)})),
  estimated_birth date,
  colour text,
  pattern text,
  ear_tipped boolean NOT NULL DEFAULT false,
  microchip text,
  status text NOT NULL DEFAULT 'in_care' CHECK (status IN (${oneOf(CatStatus.options)})),
  area_id integer REFERENCES cat_data.areas (id),
  import_id integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cat_data.intakes (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  cat_id integer NOT NULL REFERENCES cat_data.cats (id),
  area_id integer REFERENCES cat_data.areas (id),
  intake_date date NOT NULL,
  intake_type text NOT NULL CHECK (intake_type IN (${oneOf(IntakeType.options)})),
  condition text,
  import_id integer
);
CREATE INDEX intakes_date_idx ON cat_data.intakes (intake_date);
CREATE INDEX intakes_cat_idx ON cat_data.intakes (cat_id, intake_date);

CREATE TABLE cat_data.outcomes (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  cat_id integer NOT NULL REFERENCES cat_data.cats (id),
  area_id integer REFERENCES cat_data.areas (id),
  outcome_date date NOT NULL,
  outcome_type text NOT NULL CHECK (outcome_type IN (${oneOf(OutcomeType.options)})),
  subtype text,
  import_id integer
);
CREATE INDEX outcomes_date_idx ON cat_data.outcomes (outcome_date);
CREATE INDEX outcomes_cat_idx ON cat_data.outcomes (cat_id, outcome_date);

CREATE TABLE cat_data.colonies (
  id serial PRIMARY KEY,
  area_id integer NOT NULL REFERENCES cat_data.areas (id),
  name text NOT NULL,
  UNIQUE (area_id, name)
);

CREATE TABLE cat_data.sightings (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  area_id integer REFERENCES cat_data.areas (id),
  colony_id integer REFERENCES cat_data.colonies (id),
  sighted_on date NOT NULL,
  cat_count integer NOT NULL CHECK (cat_count >= 0),
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  import_id integer
);

CREATE TABLE cat_data.tnr_operations (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  area_id integer REFERENCES cat_data.areas (id),
  colony_id integer REFERENCES cat_data.colonies (id),
  cat_external_id text,
  trapped_on date NOT NULL,
  surgery_on date,
  released_on date,
  ear_tipped boolean NOT NULL DEFAULT false,
  import_id integer
);

CREATE TABLE cat_data.consultations (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  area_id integer REFERENCES cat_data.areas (id),
  received_on date NOT NULL,
  category text NOT NULL CHECK (category IN (${oneOf(ConsultationCategory.options)})),
  summary text,
  import_id integer
);

CREATE TABLE cat_data.published_annual_figures (
  id serial PRIMARY KEY,
  natural_key text NOT NULL UNIQUE,
  area_id integer REFERENCES cat_data.areas (id),
  fiscal_year integer NOT NULL,
  species text NOT NULL CHECK (species IN ('cat', 'dog', 'dog_and_cat')),
  intake integer,
  intake_from_owner integer,
  returned integer,
  transferred integer,
  euthanised integer,
  import_id integer
);
`,
  },
  {
    version: 2,
    name: 'identifiers compared byte by byte',
    // Natural keys and external ids are opaque identifiers: under a linguistic collation (RDS databases default to
    // en_US.UTF-8) every index build, lookup and sort of them pays for locale-aware comparison, several times the
    // cost of comparing bytes. The staging table's key columns are "C" as well (see StagingTable).
    sql: [['cats', 'external_id'], ...eventTables.map((table) => [table, 'natural_key'])]
      .map(
        ([table, column]) => `ALTER TABLE cat_data.${table} ALTER COLUMN ${column} TYPE text COLLATE "C";\n`,
      )
      .join(''),
  },
  {
    version: 3,
    name: 'every row of an import accounted for',
    // rows_read = rows_stored + rows_duplicate + rows_filtered + rows_invalid; duplicates lists the rows merged into
    // an earlier row of the same file ({ line, duplicateOf }).
    sql: `
ALTER TABLE cat_data.imports ADD COLUMN rows_stored integer NOT NULL DEFAULT 0;
ALTER TABLE cat_data.imports ADD COLUMN rows_duplicate integer NOT NULL DEFAULT 0;
ALTER TABLE cat_data.imports ADD COLUMN duplicates jsonb NOT NULL DEFAULT '[]'::jsonb;
`,
  },
  {
    version: 4,
    name: 'imports run asynchronously',
    // An API upload is pending until its run is requested, queued until the import function picks it up, running
    // while it imports (a retry after a crash finds it running), then completed or failed (error: code, message,
    // details). A failed import can be queued again, e.g. with skipInvalid.
    sql: `
ALTER TABLE cat_data.imports DROP CONSTRAINT imports_status_check;
ALTER TABLE cat_data.imports ADD CONSTRAINT imports_status_check
  CHECK (status IN ('pending', 'queued', 'running', 'completed', 'failed'));
ALTER TABLE cat_data.imports ADD COLUMN run_options jsonb;
ALTER TABLE cat_data.imports ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE cat_data.imports ADD COLUMN started_at timestamptz;
ALTER TABLE cat_data.imports ADD COLUMN error jsonb;
`,
  },
];
