"""The served OpenAPI document and what it fixes: loading it and its validators, and the reply envelope."""
