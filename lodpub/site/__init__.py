"""What the published site shows, shared by the build and the server: page models, the
responses overview, vocabulary and shapes pages, and the templates' environment."""
