"""The customer's live-chat widget: the page at /chat/ (full page, or inside an iframe of an
embedding site), starting a conversation (/chat/start) and the one-script-tag embed
(/chat/embed.js). The conversation itself runs over the socket /ws/chat/ (chat/wire.py)."""
