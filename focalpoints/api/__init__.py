"""The directory in the partners' API: people, appointments, and the Popolo export."""
