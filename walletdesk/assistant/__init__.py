"""The assistant: maps what a customer wrote, in Chinese, English or both, to a problem type with
a confidence, the self-service flow that can solve it and the help articles to read; below the
threshold, or when the customer asks for a person, it hands over with its guess attached.

Every channel calls `assistant_classify` (services.py): the portal, the chat widget, the API,
and later email, social and the phone menu."""
