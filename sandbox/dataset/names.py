"""Fictional French identities: common first and last names, street names, employers.

Names are drawn independently, so any match with a real person is chance: the lists are the
most common French names, not anyone's record. Employers are invented small businesses.
"""

from __future__ import annotations

import random
import unicodedata

# First names by generation: adults born before ~1985 get a "classic" name, younger people
# a recent one, so that a 70-year-old is not called Maëlys.
# fmt: off
FEMALE_CLASSIC = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine",
    "Monique", "Valérie", "Sandrine", "Stéphanie", "Céline", "Sophie", "Anne", "Martine",
    "Jacqueline", "Nicole", "Brigitte", "Chantal", "Véronique", "Laurence", "Hélène",
    "Agnès", "Caroline", "Florence", "Patricia", "Corinne", "Dominique", "Annie",
    "Danielle", "Virginie", "Karine", "Émilie", "Aurélie", "Delphine", "Claire", "Sabine",
    "Muriel",
)
FEMALE_MODERN = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise", "Alice", "Lina",
    "Rose", "Anna", "Mila", "Ambre", "Zoé", "Juliette", "Lucie", "Clara", "Sarah", "Laura",
    "Pauline", "Marine", "Élodie", "Charlotte", "Margaux", "Océane", "Mathilde", "Élise",
    "Jeanne", "Adèle", "Lou", "Maëlys", "Julia", "Romane", "Eva", "Agathe", "Nina", "Léna",
)
MALE_CLASSIC = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick", "Nicolas", "Christophe",
    "Daniel", "Bernard", "Éric", "Frédéric", "Laurent", "Stéphane", "David", "Olivier",
    "Sébastien", "François", "Jacques", "Gérard", "André", "René", "Claude", "Marc",
    "Thierry", "Pascal", "Didier", "Franck", "Jérôme", "Cédric", "Yann", "Loïc", "Benoît",
    "Hervé", "Serge", "Gilles", "Bruno", "Denis",
)
MALE_MODERN = (
    "Thomas", "Alexandre", "Antoine", "Guillaume", "Maxime", "Romain", "Kévin", "Lucas",
    "Hugo", "Louis", "Gabriel", "Léo", "Raphaël", "Arthur", "Jules", "Adam", "Paul",
    "Nathan", "Ethan", "Noah", "Tom", "Théo", "Mathis", "Sacha", "Victor", "Martin",
    "Baptiste", "Clément", "Vincent", "Julien", "Gaël", "Enzo", "Timéo", "Axel", "Noé",
    "Malo", "Aaron", "Quentin",
)
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand",
    "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau",
    "Vincent", "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard",
    "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet",
    "Rolland", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert",
    "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet",
    "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Poirier",
    "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard",
    "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall",
    "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel",
    "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff",
    "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber",
    "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard",
    "Gillet", "Étienne", "Tessier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Lemaître",
    "Humbert", "Reynaud", "Antoine", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune",
    "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier", "Laporte", "Le Bihan", "Pagès",
)
STREETS = (
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "place de la Mairie",
    "chemin des Vignes", "impasse des Lilas", "boulevard Gambetta", "rue Pasteur",
    "rue du Général de Gaulle", "allée des Tilleuls", "rue des Écoles", "rue de la Gare",
    "avenue de la Libération", "rue Jules Ferry", "rue du Moulin", "route de la Mer",
    "rue des Jardins", "rue Saint-Michel", "place du Marché", "rue Voltaire",
    "rue Émile Zola", "chemin du Stade", "rue des Acacias", "avenue Foch",
    "quai des Chartrons", "rue de l'Église", "rue des Cordiers", "rue du Château",
    "rue de la Fontaine", "avenue des Platanes", "rue des Mimosas", "chemin de la Croix",
    "rue du Port",
)
LINE2 = (
    "Bâtiment A", "Bâtiment B", "Résidence Les Tilleuls", "Résidence du Parc",
    "Appartement 12", "Escalier C", "Lieu-dit La Croix", "Le Clos Fleuri",
)
EMPLOYERS = (
    "Menuiserie Lefort SARL", "Transports Garnier et Fils", "Boulangerie du Marché SAS",
    "Cabinet Duval Expertise", "Atelier des Cévennes SAS", "Laiterie du Bocage",
    "Azur Nautique SA", "Imprimerie Moderne SARL", "Garage Central SARL",
    "Clinique vétérinaire des Pins", "Bureau d'études Hélios", "Maraîchers Associés",
    "Conserverie de la Côte", "Informatique Services 30", "Hôtel des Voyageurs",
    "Serrurerie Vidal", "Plomberie Normande SARL", "Jardins du Littoral",
)
EMAIL_DOMAINS = (
    "example.fr", "example.com", "example.org", "example.net",
)
# fmt: on


def first_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """A first name fitting the sex (``"1"``/``"2"`` as in the NIR) and the generation."""
    modern = birth_year >= 1985
    if sex == "1":
        return rng.choice(MALE_MODERN if modern else MALE_CLASSIC)
    return rng.choice(FEMALE_MODERN if modern else FEMALE_CLASSIC)


def last_name(rng: random.Random) -> str:
    return rng.choice(LAST_NAMES)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters for e-mail addresses ("Lefèvre" -> "lefevre")."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in letters.lower() if c.isalnum() or c == "-")


def email(rng: random.Random, first: str, last: str) -> str:
    local = f"{ascii_slug(first)}.{ascii_slug(last)}"
    if rng.random() < 0.5:
        local += str(rng.randint(1, 99))
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"
