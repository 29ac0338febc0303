/**
 * The signature recipes: one descriptor each, in one table. Adding a recipe is one
 * descriptor here and one runtime module in `templates/receiver/src/generated/runtime/recipes/`.
 * This module loads nothing heavy (the CLI reads it for its choices).
 */
import type { RecipeDescriptor } from './descriptor';
import { ecdsaP256 } from './ecdsa-p256';
import { ed25519 } from './ed25519';
import { github } from './github';
import { hmac } from './hmac';
import { shopify } from './shopify';
import { sinch } from './sinch';
import { slack } from './slack';
import { standardWebhooks } from './standard-webhooks';
import { stripe } from './stripe';
import { twilio } from './twilio';
import { zoom } from './zoom';

export type { RecipeDescriptor } from './descriptor';

/** Every recipe, in the order detection tries them. */
export const RECIPES: readonly RecipeDescriptor[] = [
  sinch,
  github,
  stripe,
  standardWebhooks,
  slack,
  shopify,
  zoom,
  twilio,
  ed25519,
  ecdsaP256,
  hmac,
];

export const RECIPE_NAMES: readonly string[] = RECIPES.map((recipe) => recipe.name);

export function recipeNamed(name: string): RecipeDescriptor | undefined {
  return RECIPES.find((recipe) => recipe.name === name);
}

/** The extension on a security scheme that declares its recipe. */
export const EXTENSION = 'x-hookwright-signature';
