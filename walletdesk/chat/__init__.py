"""Live chat (在线客服): conversations, their ordered entries, the queue and agent presence."""
