"""Kalixia-style care network: partner opticians, audioprothésistes and osteopaths found
by address or postcode (with neighbouring towns), in French field names."""
