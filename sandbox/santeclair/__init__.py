"""Santéclair-style care network: partner geolocation, immediate reste-à-charge estimates,
quote reviews by advisers within 72 h, and signed links to the member services."""
