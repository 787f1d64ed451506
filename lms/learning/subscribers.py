"""Learning's reactions to other domains' signals (auto-enrollment on cadre changes)."""


def connect_learning_subscribers():
    pass
