-- Boletos: each merchant numbers its boletos (the nosso número) from one sequence per mode, so no two of its
-- boletos share a number whatever bank agreement they were issued under.
CREATE TABLE boleto_sequences (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  last_value  bigint NOT NULL,
  PRIMARY KEY (merchant_id, livemode)
);
