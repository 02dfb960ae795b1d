"""The app's pages: Explore, Referral patterns, Class and About."""
