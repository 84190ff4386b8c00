"""The screens of the app: today and past days, review, templates, dialogs."""
