-- Ingestion: reusable column-mapping profiles saved from the Upload page (the CLI reads the same shape as YAML).
CREATE TABLE IF NOT EXISTS mapping_profiles (
    name       VARCHAR PRIMARY KEY,
    dataset    VARCHAR NOT NULL,
    profile    JSON NOT NULL,        -- {"dataset", "columns": {header: field}, "dayfirst", "sheet", "currency", "constants"}
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
