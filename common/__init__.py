"""What the visible parts (components/) and the web layer (web/) both use: the app context built once
at start-up, the languages, the route paths and URL keys, and the one parser of a status request."""
