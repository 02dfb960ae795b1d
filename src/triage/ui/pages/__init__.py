"""The app's pages: Explore, Referral patterns, Class and About. Their url paths are named here, once."""

EXPLORE, REFERRAL, CLASS, ABOUT = "explore", "referral", "class", "about"
PAGE_PATHS = (EXPLORE, REFERRAL, CLASS, ABOUT)  # the first is the landing page
